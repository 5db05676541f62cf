// Colours an SDL for reading: comments, strings, keywords, directives and type names each get a class.
// Display only (the registry has already parsed and validated the SDL), so one scan by pattern suffices.
const TOKEN =
  /(#[^\n]*)|("""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*")|(@[_A-Za-z][_0-9A-Za-z]*)|\b(type|interface|union|enum|input|scalar|schema|directive|extend|implements|repeatable|on|query|mutation|subscription)\b|\b([A-Z][_0-9A-Za-z]*)\b/g;
const CLASSES = ['comment', 'string', 'directive', 'keyword', 'type'];

/** A fragment of text nodes and `<span class="…">` elements for `sdl`. */
export function highlightSdl(sdl) {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of sdl.matchAll(TOKEN)) {
    if (match.index > last) fragment.append(sdl.slice(last, match.index));
    const kind = CLASSES[match.slice(1).findIndex((group) => group !== undefined)];
    const span = document.createElement('span');
    span.className = `sdl-${kind}`;
    span.textContent = match[0];
    fragment.append(span);
    last = match.index + match[0].length;
  }
  fragment.append(sdl.slice(last));
  return fragment;
}
