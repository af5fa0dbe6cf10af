// Material for MkDocs' inline content script (partials/javascripts/content.html), moved to a file
// so the guide runs under gdviz's Content-Security-Policy.
var target = document.getElementById(location.hash.slice(1));
target && target.name && (target.checked = target.name.startsWith("__tabbed_"));
