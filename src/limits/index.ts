export { createLimitsFeature, type LimitsFeatureOptions } from './limitsFeature.ts';
export { ManifestError } from './trustedDocuments/persistedQueryManifest.ts';
