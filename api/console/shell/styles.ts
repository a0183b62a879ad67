import { createHash } from "node:crypto";

/**
 * The console's only stylesheet, inline so a page is one request; the CSP allows it by hash, so no
 * other inline style or script runs. Mobile first: the navigation scrolls sideways on a phone and
 * becomes a sidebar on a wide screen.
 */
export const consoleCss = `*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1b1f24;background:#f6f7f9}
body{margin:0}
a{color:#0b57d0}
:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
.skip{position:absolute;left:-9999px;top:.5rem;background:#fff;color:#0b57d0;padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem}
.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding:.5rem 1rem;background:#13294b;color:#fff}
.top a{color:#fff}
.brand{font-weight:700;text-decoration:none}
.who{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.who form{margin:0}
nav ul{list-style:none;margin:0;padding:.25rem .5rem;display:flex;gap:.25rem;overflow-x:auto;background:#fff;border-bottom:1px solid #d0d7de}
nav a{display:block;padding:.5rem .75rem;white-space:nowrap;text-decoration:none;border-radius:.375rem}
nav a[aria-current=page]{background:#e7eefc;font-weight:600}
main{padding:1rem;max-width:72rem;min-width:0}
main:focus{outline:none}
@media (min-width:60rem){.shell{display:grid;grid-template-columns:14rem minmax(0,1fr)}
nav ul{flex-direction:column;overflow:visible;border-bottom:0;border-right:1px solid #d0d7de;min-height:100%}
main{padding:1.5rem 2rem}}
h1{font-size:1.5rem;margin:.25rem 0 1rem}
h2{font-size:1.15rem;margin:0 0 .5rem}
.card{background:#fff;border:1px solid #d0d7de;border-radius:.5rem;padding:1rem;margin:0 0 1rem;min-width:0}
.grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(min(100%,18rem),1fr))}
.grid .card{margin:0}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input,select,textarea{font:inherit;width:100%;max-width:32rem;padding:.5rem;border:1px solid #6e7781;border-radius:.375rem;background:#fff;color:inherit}
button{font:inherit;min-height:2.75rem;padding:.5rem 1rem;border-radius:.375rem;border:1px solid #13294b;background:#13294b;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#13294b}
button.danger{background:#b42318;border-color:#b42318}
form.inline{display:inline-flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:0}
form.inline select{width:auto}
.actions{margin-top:1rem}
.notice{padding:.75rem 1rem;border-radius:.375rem;margin:0 0 1rem;border:1px solid}
.notice.ok{background:#e6f4ea;border-color:#1e7e34}
.notice.error{background:#fdecea;border-color:#b42318}
.hint,.muted{color:#57606a;font-size:.9rem;margin:.25rem 0;overflow-wrap:anywhere}
.secret{font-family:ui-monospace,monospace;word-break:break-all;background:#fff4ce;padding:.5rem;border-radius:.375rem}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid #d0d7de;vertical-align:top}
ul.plain{list-style:none;padding:0;margin:0}
ul.plain li{padding:.5rem 0;border-bottom:1px solid #eaeef2}
.badge{display:inline-block;padding:0 .5rem;border-radius:1rem;font-size:.85rem;font-weight:600;background:#eaeef2;color:#1b1f24}
.badge.good{background:#e6f4ea;color:#146c2e}
.badge.warn{background:#fff4ce;color:#6b4f00}
.badge.bad{background:#fdecea;color:#8a1c12}
.badge.info{background:#e7eefc;color:#0b3d91}
.big{font-size:1.25rem;font-weight:700;margin:.25rem 0}
fieldset{min-width:0;border:1px solid #d0d7de;border-radius:.5rem;padding:.25rem 1rem 1rem;margin:1rem 0}
legend{font-weight:600;padding:0 .25rem}
textarea{min-height:8rem;resize:vertical}
input[type=checkbox]{width:1.25rem;height:1.25rem;margin:0;flex:none}
label.check{display:flex;gap:.5rem;align-items:center;font-weight:400}
.buttons{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:1rem}
.prose{white-space:pre-wrap;overflow-wrap:anywhere;margin:.25rem 0}
pre.message{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f7f9;border:1px solid #d0d7de;padding:.75rem;border-radius:.375rem;font:inherit;font-size:.9rem;margin:.5rem 0}
ol.timeline{list-style:none;padding:0;margin:0}
ol.timeline>li{padding:.75rem 0;border-bottom:1px solid #eaeef2}
textarea.code,pre.code{font-family:ui-monospace,monospace;font-size:.85rem}
textarea.code{max-width:none;min-height:3rem}
input[type=color]{height:2.75rem;max-width:6rem;padding:.25rem}
iframe.preview{display:block;width:100%;height:36rem;border:1px solid #d0d7de;border-radius:.375rem;background:#fff}
dt{font-weight:600}
dd{margin:0 0 .5rem;overflow-wrap:anywhere}
img.map{display:block;max-width:100%;height:auto;border:1px solid #d0d7de;border-radius:.375rem}
td.child{padding-left:1.5rem}
.row-actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.pager{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}
code{overflow-wrap:anywhere}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
table.status-table tr{display:flex;flex-wrap:wrap;align-items:center;column-gap:.5rem}
table.status-table th,table.status-table td{padding:.25rem .5rem;border:0}
table.status-table th{flex:1 1 8rem}
table.status-table td{flex:0 1 auto;margin-left:auto}
table.status-table tr{border-bottom:1px solid #d0d7de}
table.status-table thead th{font-size:.85rem;color:#57606a}
table.status-table thead th:last-child{text-align:right}
table.status-table label{display:inline;margin:0;font-weight:600}
table.status-table select{width:auto;max-width:100%}
table.status-table th.child{padding-left:1.25rem}
table.status-table th.child label{font-weight:400}
table.status-table tbody.group{border-top:2px solid #d0d7de}
table.status-table tr.changed,table.status-table tr:has(option[value=""]:not(:checked)),table.status-table tbody:has(.group-row option[value=""]:not(:checked)) tr{background:#fff4ce}
table.status-table tr.changed>th,table.status-table tr:has(option[value=""]:not(:checked))>th,table.status-table tbody:has(.group-row option[value=""]:not(:checked)) tr>th{box-shadow:inset 4px 0 #8a6100}
.preview-post{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.5rem 0 1rem}`;

/** The CSP source that allows exactly this stylesheet. */
export const consoleCssHash = `'sha256-${createHash("sha256").update(consoleCss).digest("base64")}'`;
