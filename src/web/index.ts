// Serving browser pages from the package: content negotiation, assets, text placed into HTML.
export { escapeHtml, jsonForScript } from './htmlText.ts';
export { refuseOversizedBeforeContinue } from './oversizedBodies.ts';
export { registerPackageAssets } from './packageAssets.ts';
export { prefersHtml } from './prefersHtml.ts';
