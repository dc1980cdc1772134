// The GraphiQL page's own script (app/graphiql.py renders the page; the libraries it
// uses are vendored beside it). Adapted from Strawberry's graphiql.html (MIT), without
// its Django CSRF cookie. Queries and mutations go over HTTP with the headers pane's
// headers; subscriptions go over a websocket (graphql-transport-ws) whose
// connection_init payload is that same headers object, so the pasted
// {"Authorization": "Bearer …"} authenticates both.
"use strict";

const EXAMPLE_QUERY = `# Welcome to the publishing service's GraphiQL.
#
# Paste the token that \`make run\` printed into the Headers pane below:
#
#     {"Authorization": "Bearer …"}
#
# then try:
#
#     { publications(first: 5) { edges { node { id title status } } } }
#
# Keyboard shortcuts:
#
#       Run Query:  Ctrl-Enter (or press the play button)
#
#   Auto Complete:  Ctrl-Space (or just start typing)
#
`;

// URL parameters let a query be shared as a link (the headers never go in the URL)
const parameters = {};
for (const entry of window.location.search.slice(1).split("&")) {
  const eq = entry.indexOf("=");
  if (eq >= 0) {
    parameters[decodeURIComponent(entry.slice(0, eq))] = decodeURIComponent(
      entry.slice(eq + 1),
    );
  }
}

function updateURL(data) {
  Object.assign(parameters, data);
  const search = Object.keys(parameters)
    .filter((key) => Boolean(parameters[key]))
    .map((key) => encodeURIComponent(key) + "=" + encodeURIComponent(parameters[key]))
    .join("&");
  history.replaceState(null, null, "?" + search);
}

const fetchURL = window.location.href.split("?")[0].split("#")[0];

function websocketURL(url) {
  const parsed = new URL(url);
  parsed.protocol = parsed.protocol === "http:" ? "ws:" : "wss:";
  parsed.hash = "";
  return parsed.toString();
}

const fetcher = GraphiQL.createFetcher({
  url: fetchURL,
  subscriptionUrl: websocketURL(fetchURL),
});

function GraphiQLWithExplorer() {
  const [query, setQuery] = React.useState(parameters.q || EXAMPLE_QUERY);
  const [variables, setVariables] = React.useState(parameters.variables);
  const [headers, setHeaders] = React.useState(parameters.headers);

  function onEditQuery(newQuery) {
    setQuery(newQuery);
    updateURL({ q: newQuery });
  }

  function onEditVariables(newVariables) {
    setVariables(newVariables);
    updateURL({ variables: newVariables });
  }

  const explorerPlugin = GraphiQLPluginExplorer.explorerPlugin();

  return React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultEditorToolsVisibility: true,
    plugins: [explorerPlugin],
    query: query,
    variables: variables,
    headers: headers,
    onEditQuery: onEditQuery,
    onEditVariables: onEditVariables,
    onEditHeaders: setHeaders,
    inputValueDeprecation: true,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: true,
  });
}

const root = ReactDOM.createRoot(document.getElementById("graphiql"));
root.render(React.createElement(GraphiQLWithExplorer));
