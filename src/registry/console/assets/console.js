// The registry console: reads the registry's HTTP API with the token held in this tab's session and
// builds each page from the answer. No framework: one page at a time, built from DOM nodes (text is
// never parsed as HTML), plain links and forms so the keyboard works everywhere.
import { highlightSdl } from './highlightSdl.js';

const TOKEN_KEY = 'gatehouse.registryToken';
const main = document.getElementById('main');

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(path, { method = 'GET', body } = {}) {
  const headers = { accept: 'application/json' };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'REGISTRY_UNREACHABLE', 'The registry did not answer. Is it still running?');
  }
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = json?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? `The registry answered ${response.status}.`,
    );
  }
  return json;
}

/** An element with attributes (`on…` are listeners) and children (strings become text nodes). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

const when = (iso) => (iso ? new Date(iso).toLocaleString() : '');
// `@` and `:` may stand in a path as they are: the URLs read like rover's (`/graphs/shop@prod/…`).
const refSegment = (ref) => encodeURIComponent(ref).replaceAll('%40', '@').replaceAll('%3A', ':');
const refPath = (ref) => `/api/v1/graphs/${refSegment(ref)}`;
const consoleRef = (ref) => `/console/graphs/${refSegment(ref)}`;

function table(headings, rows, caption) {
  return h(
    'table',
    {},
    caption ? h('caption', {}, caption) : null,
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headings.map((heading) => h('th', { scope: 'col' }, heading)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((cells) =>
        h(
          'tr',
          {},
          cells.map((cell) => h('td', {}, cell)),
        ),
      ),
    ),
  );
}

/** An API error in words: what was refused and why, as the registry said it. */
function describeError(error) {
  if (!(error instanceof ApiError)) return `Something went wrong in the console: ${error.message}`;
  if (error.status === 401) return `The registry refused the token: ${error.message}.`;
  if (error.status === 403) return `Not allowed with this token: ${error.message}.`;
  if (error.status === 404) return `Not found: ${error.message}.`;
  return `${error.message} (${error.code}).`;
}

const alertBox = (error) => h('p', { class: 'error', role: 'alert' }, describeError(error));

function render(title, ...content) {
  document.title = `${title} · Gatehouse registry`;
  main.replaceChildren(h('h1', {}, title), ...content.filter((part) => part !== null && part !== undefined));
  main.focus();
}

function severityBadge(severity) {
  return h('span', { class: `badge ${severity}` }, severity);
}

// ─── pages ────────────────────────────────────────────────────────────────────────────────────────

function signInPage(error) {
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
  const problem = h('div', { 'aria-live': 'polite' }, error ? alertBox(error) : null);
  const form = h(
    'form',
    {
      class: 'sign-in',
      async onsubmit(event) {
        event.preventDefault();
        sessionStorage.setItem(TOKEN_KEY, input.value.trim());
        try {
          await start();
        } catch (refused) {
          sessionStorage.removeItem(TOKEN_KEY);
          problem.replaceChildren(alertBox(refused));
          input.focus();
        }
      },
    },
    h('label', { for: 'token' }, 'Registry token'),
    input,
    h('button', { type: 'submit' }, 'Sign in'),
  );
  document.getElementById('nav').hidden = true;
  render(
    'Sign in',
    h(
      'p',
      {},
      'Use the admin token `gatehouse registry` printed at start, or a token from `gatehouse registry token create`. ',
      'It is kept in this browser tab only and sent to the registry as the bearer token.',
    ),
    problem,
    form,
  );
  input.focus();
}

async function graphsPage() {
  const { graphs, defaultGraphRef } = await api('/api/v1/graphs');
  if (graphs.length === 0) {
    return render('Graphs', h('p', {}, 'No graph has a supergraph yet. Publish a subgraph: gatehouse subgraph publish GRAPH@VARIANT …'));
  }
  render(
    'Graphs',
    h(
      'ul',
      { class: 'graphs' },
      graphs.map(({ graph, variants }) =>
        h(
          'li',
          {},
          h('h2', {}, graph),
          h(
            'ul',
            {},
            variants.map((variant) => {
              const ref = `${graph}@${variant}`;
              return h('li', {}, h('a', { href: consoleRef(ref) }, ref), ref === defaultGraphRef ? ' (the default variant)' : '');
            }),
          ),
        ),
      ),
    ),
  );
}

function variantLinks(ref) {
  return h(
    'p',
    { class: 'links' },
    h('a', { href: consoleRef(ref) }, 'Subgraphs'),
    ' · ',
    h('a', { href: `${consoleRef(ref)}/history` }, 'Supergraph history and diffs'),
  );
}

async function variantPage(ref) {
  const { subgraphs } = await api(`${refPath(ref)}/subgraphs`);
  render(
    `Subgraphs of ${ref}`,
    variantLinks(ref),
    table(
      ['Name', 'Routing URL', 'Revision', 'Published by', 'Published at'],
      subgraphs.map((subgraph) => [
        h('a', { href: `${consoleRef(ref)}/subgraphs/${encodeURIComponent(subgraph.name)}` }, subgraph.name),
        h('code', {}, subgraph.routingUrl),
        String(subgraph.revision),
        subgraph.publishedBy,
        when(subgraph.publishedAt),
      ]),
      `${subgraphs.length} subgraph${subgraphs.length === 1 ? '' : 's'}`,
    ),
  );
}

async function subgraphPage(ref, name) {
  const subgraph = await api(`${refPath(ref)}/subgraphs/${encodeURIComponent(name)}`);
  const code = h('code', {});
  code.append(highlightSdl(subgraph.sdl));
  render(
    `Subgraph ${subgraph.name} of ${ref}`,
    variantLinks(ref),
    h(
      'dl',
      {},
      h('dt', {}, 'Routing URL'),
      h('dd', {}, h('code', {}, subgraph.routingUrl)),
      h('dt', {}, 'Revision'),
      h('dd', {}, String(subgraph.revision)),
      h('dt', {}, 'Published'),
      h('dd', {}, `${when(subgraph.publishedAt)} by ${subgraph.publishedBy}`),
    ),
    h('h2', {}, 'Schema'),
    h('pre', { class: 'sdl', tabindex: '0', 'aria-label': `SDL of ${subgraph.name}` }, code),
  );
}

function changesTable(changes, caption, { blocking = false } = {}) {
  if (changes.length === 0) return h('p', {}, `${caption}: none.`);
  return table(
    ['Severity', 'Code', 'Change', 'Usage'],
    changes.map((change) => [
      h('span', {}, severityBadge(change.severity), blocking && change.blocking ? h('strong', { class: 'fails' }, ' fails the check') : ''),
      h('code', {}, change.code),
      change.message,
      change.impact ?? '',
    ]),
    caption,
  );
}

function diffView(diff) {
  const moved = diff.subgraphs.filter((subgraph) => subgraph.status !== 'unchanged');
  return h(
    'section',
    { 'aria-label': 'Diff' },
    h('h2', {}, `Diff from version ${diff.from} to ${diff.to}`),
    moved.length === 0
      ? h('p', {}, 'No subgraph was added, removed or updated.')
      : table(
          ['Subgraph', 'Status', 'Revision'],
          moved.map((subgraph) => [
            subgraph.name,
            h('span', { class: `badge ${subgraph.status}` }, subgraph.status),
            `${subgraph.fromRevision ?? '—'} → ${subgraph.toRevision ?? '—'}`,
          ]),
          'Subgraphs',
        ),
    changesTable(diff.changes, 'API schema changes'),
  );
}

async function historyPage(ref) {
  const { versions } = await api(`${refPath(ref)}/supergraph/versions?limit=200`);
  const params = new URLSearchParams(window.location.search);
  const latest = versions[0]?.version;
  const to = Number(params.get('to') ?? latest);
  const from = Number(params.get('from') ?? versions[1]?.version ?? latest);
  const choose = (name, selected) =>
    h(
      'select',
      { id: name, name },
      versions.map((version) =>
        h('option', { value: version.version, selected: version.version === selected }, `version ${version.version}`),
      ),
    );
  let diff = null;
  if (latest !== undefined && from !== to) {
    try {
      diff = diffView(await api(`${refPath(ref)}/supergraph/diff?from=${from}&to=${to}`));
    } catch (error) {
      diff = alertBox(error);
    }
  }
  render(
    `Supergraph history of ${ref}`,
    variantLinks(ref),
    h(
      'form',
      { class: 'diff-form', method: 'get' },
      h('label', { for: 'from' }, 'From'),
      choose('from', from),
      h('label', { for: 'to' }, 'to'),
      choose('to', to),
      h('button', { type: 'submit' }, 'Show diff'),
    ),
    diff,
    table(
      ['Version', 'What happened', 'By', 'When', 'Subgraphs (revision)'],
      versions.map((version) => [
        String(version.version),
        version.action === 'rollback'
          ? `rollback to version ${version.restoredVersion}`
          : `${version.action}${version.subgraph ? ` ${version.subgraph}` : ''}`,
        version.actor,
        when(version.createdAt),
        version.subgraphs.map((subgraph) => `${subgraph.name} (${subgraph.revision})`).join(', '),
      ]),
      'Versions, newest first',
    ),
  );
}

/** Composition errors or hints, `code message` each; nothing when there are none. */
function problemList(title, problems) {
  if (problems.length === 0) return null;
  return h(
    'section',
    {},
    h('h2', {}, title),
    h(
      'ul',
      {},
      problems.map((problem) => h('li', {}, h('code', {}, problem.code), ' ', problem.message)),
    ),
  );
}

async function checkPage(ref, id) {
  const path = ref ? `${refPath(ref)}/checks/${encodeURIComponent(id)}` : `/api/v1/checks/${encodeURIComponent(id)}`;
  const { graphRef, result } = await api(path);
  const failures = {
    COMPOSITION_FAILED: 'the subgraph would not compose with the others',
    BREAKING_CHANGES: `${result.blockingChanges} breaking change${result.blockingChanges === 1 ? '' : 's'} to the API schema`,
  };
  render(
    `Check of subgraph ${result.subgraph} against ${graphRef}`,
    variantLinks(graphRef),
    h(
      'p',
      { class: `verdict ${result.passed ? 'passed' : 'failed'}`, role: 'status' },
      result.passed ? 'Passed' : `Failed: ${result.failures.map((failure) => failures[failure] ?? failure).join('; ')}`,
    ),
    result.breakingChangesAllowed ? h('p', {}, 'Breaking changes were allowed for this check (--allow-breaking).') : null,
    problemList('Composition errors', result.compositionErrors),
    h('h2', {}, 'API schema changes'),
    h('p', {}, `Usage is what gateways reported over the last ${result.usageWindowDays} days.`),
    changesTable(result.apiChanges, 'Changes clients would see', { blocking: !result.breakingChangesAllowed }),
    h('h2', {}, 'Subgraph schema changes'),
    changesTable(result.subgraphChanges, `Changes to ${result.subgraph}'s own schema`),
    problemList('Composition hints', result.hints),
  );
}

async function auditLogPage() {
  const { entries } = await api('/api/v1/audit-log?limit=200');
  render(
    'Audit log',
    table(
      ['When', 'Who', 'Action', 'Subgraph', 'Outcome', 'Detail'],
      entries.map((entry) => [
        when(entry.at),
        entry.actor,
        entry.action,
        entry.subgraph ?? '',
        entry.outcome,
        Object.keys(entry.detail ?? {}).length > 0 ? h('code', {}, JSON.stringify(entry.detail)) : '',
      ]),
      'Newest first',
    ),
  );
}

async function tokensPage() {
  const { tokens } = await api('/api/v1/tokens');
  const created = h('div', { 'aria-live': 'polite' });
  const name = h('input', { id: 'token-name', name: 'name', required: true, maxlength: '200' });
  const role = h(
    'select',
    { id: 'token-role', name: 'role' },
    h('option', { value: 'readonly' }, 'readonly: reads everything, writes nothing'),
    h('option', { value: 'subgraph' }, 'subgraph: publishes and checks one subgraph'),
    h('option', { value: 'admin' }, 'admin: everything'),
  );
  const subgraph = h('input', { id: 'token-subgraph', name: 'subgraph', placeholder: 'for a subgraph token' });
  const form = h(
    'form',
    {
      class: 'token-form',
      async onsubmit(event) {
        event.preventDefault();
        const body = {
          name: name.value.trim(),
          role: role.value,
          ...(role.value === 'subgraph' ? { subgraph: subgraph.value.trim() } : {}),
        };
        try {
          const { token, info } = await api('/api/v1/tokens', { method: 'POST', body });
          await tokensPage();
          const shown = document.querySelector('.created');
          shown.replaceChildren(
            h('p', { role: 'status' }, `Token "${info.name}" (${info.id}) was created. Copy it now: it is shown only once.`),
            h('pre', { tabindex: '0' }, h('code', { id: 'new-token' }, token)),
          );
        } catch (error) {
          created.replaceChildren(alertBox(error));
        }
      },
    },
    h('label', { for: 'token-name' }, 'Name'),
    name,
    h('label', { for: 'token-role' }, 'Role'),
    role,
    h('label', { for: 'token-subgraph' }, 'Subgraph'),
    subgraph,
    h('button', { type: 'submit' }, 'Create token'),
  );
  created.className = 'created';
  const revoke = (token) =>
    h(
      'button',
      {
        type: 'button',
        async onclick() {
          if (!window.confirm(`Revoke token "${token.name}" (${token.id})? Whoever uses it is refused from now on.`)) return;
          try {
            await api(`/api/v1/tokens/${encodeURIComponent(token.id)}`, { method: 'DELETE' });
            await tokensPage();
          } catch (error) {
            created.replaceChildren(alertBox(error));
          }
        },
      },
      `Revoke ${token.name}`,
    );
  render(
    'Tokens',
    h('h2', {}, 'Create a token'),
    form,
    created,
    h('h2', {}, 'Issued tokens'),
    table(
      ['Name', 'Id', 'Role', 'Subgraph', 'Created', 'State'],
      tokens.map((token) => [
        token.name,
        h('code', {}, token.id),
        token.role,
        token.subgraph ?? '',
        `${when(token.createdAt)} by ${token.createdBy}`,
        token.revokedAt ? `revoked ${when(token.revokedAt)}` : revoke(token),
      ]),
    ),
  );
}

// ─── routing ──────────────────────────────────────────────────────────────────────────────────────

const ROUTES = [
  [/^\/console\/?$/, graphsPage],
  [/^\/console\/graphs\/([^/]+)\/?$/, variantPage],
  [/^\/console\/graphs\/([^/]+)\/subgraphs\/([^/]+)$/, subgraphPage],
  [/^\/console\/graphs\/([^/]+)\/history$/, historyPage],
  [/^\/(?:console|api\/v1)\/graphs\/([^/]+)\/checks\/([^/]+)$/, checkPage],
  [/^\/(?:console|api\/v1)\/checks\/([^/]+)$/, (id) => checkPage(undefined, id)],
  [/^\/console\/audit-log$/, auditLogPage],
  [/^\/console\/tokens$/, tokensPage],
];

async function showPage() {
  const path = window.location.pathname;
  for (const [pattern, page] of ROUTES) {
    const match = pattern.exec(path);
    if (!match) continue;
    try {
      await page(...match.slice(1).map(decodeURIComponent));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return signInPage(error);
      render('Could not show this page', alertBox(error));
    }
    return;
  }
  render('Not found', h('p', {}, 'The console has no page here. '), h('a', { href: '/console/' }, 'Go to the graphs'));
}

/** Who the token belongs to (this refuses an unknown token), then the page the URL names. */
async function start() {
  const who = await api('/api/v1/whoami');
  const nav = document.getElementById('nav');
  for (const link of nav.querySelectorAll('[data-needs="admin"]')) link.hidden = who.role !== 'admin';
  document.getElementById('who').textContent = `Signed in: ${who.role}${who.subgraph ? ` (${who.subgraph})` : ''}`;
  nav.hidden = false;
  await showPage();
}

document.getElementById('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  signInPage();
});

if (sessionStorage.getItem(TOKEN_KEY)) {
  start().catch((error) => {
    sessionStorage.removeItem(TOKEN_KEY);
    signInPage(error);
  });
} else {
  signInPage();
}
