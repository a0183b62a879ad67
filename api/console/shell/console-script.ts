import { createHash } from "node:crypto";

/**
 * The console's only script, inline and allowed by hash like the stylesheet. Every page works
 * without it; it adds two things:
 * - a form with `data-live="<url>"` posts itself there while the person types (debounced, with the
 *   form's CSRF token) and swaps the page's `#live` region for the answer's, then reads the
 *   answer's `#live-summary` into the persistent `#live-status`, which screen readers announce;
 * - a select with `data-submit="<button id>"` submits its form with that button when it changes.
 */
export const consoleJs = `(()=>{
for(const form of document.querySelectorAll("form[data-live]")){
let timer,pending;
const status=document.getElementById("live-status");
form.addEventListener("input",()=>{
clearTimeout(timer);
timer=setTimeout(async()=>{
pending?.abort();
pending=new AbortController();
try{
const res=await fetch(form.dataset.live,{method:"POST",body:new URLSearchParams(new FormData(form)),signal:pending.signal,credentials:"same-origin"});
const doc=new DOMParser().parseFromString(await res.text(),"text/html");
const next=doc.getElementById("live"),here=document.getElementById("live");
const summary=doc.getElementById("live-summary")?.textContent;
if(next&&here)here.replaceChildren(...next.childNodes);
if(status)status.textContent=summary??"The preview could not be updated; use the Preview button.";
}catch(e){if(e.name!=="AbortError"&&status)status.textContent="The preview could not be updated; use the Preview button."}
},300);
});
}
for(const select of document.querySelectorAll("select[data-submit]")){
const button=document.getElementById(select.dataset.submit);
select.addEventListener("change",()=>select.form.requestSubmit(button));
}
})();`;

export const consoleJsHash = `'sha256-${createHash("sha256").update(consoleJs).digest("base64")}'`;
