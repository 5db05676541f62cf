// The console's one HTML page: a shell the browser script fills in. It carries no data (the data needs
// the token, which only the browser holds), so it is the same for every console URL and every visitor.
export const CONSOLE_ASSETS_PATH = '/console/assets';

export const CONSOLE_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gatehouse registry</title>
<link rel="stylesheet" href="${CONSOLE_ASSETS_PATH}/console.css">
<script type="module" src="${CONSOLE_ASSETS_PATH}/console.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
  <a class="brand" href="/console/">Gatehouse registry</a>
  <nav aria-label="Console" id="nav" hidden>
    <a href="/console/">Graphs</a>
    <a href="/console/audit-log" data-needs="admin">Audit log</a>
    <a href="/console/tokens" data-needs="admin">Tokens</a>
    <span id="who"></span>
    <button type="button" id="sign-out">Sign out</button>
  </nav>
</header>
<main id="main" tabindex="-1"><p>Loading…</p></main>
<noscript><p>The registry console needs JavaScript. The same data is in the HTTP API under /api/v1.</p></noscript>
</body>
</html>
`;
