/**
 * Refreshes the home page's status, components and active incidents from the Statuspage v2 summary
 * every 8 s (a change shows within 10 s); each poll revalidates with the summary's ETag, so an
 * unchanged summary costs the server a 304 and no body; when the API cannot be reached the page stays as built
 * and says so. Plain JavaScript, inlined into the page by live-refresh.astro, which calls it with the
 * page's settings and labels and with `times`, the rewrite of the page's times into the visitor's
 * zone (local-times.js).
 */
// biome-ignore lint/correctness/noUnusedVariables: called by the inline script of live-refresh.astro
function liveRefresh(live, times) {
  const $ = (selector, root = document) => root.querySelector(selector);
  const note = $("#live-status");
  const make = (tag, text, attrs = {}) => {
    const el = document.createElement(tag);
    if (text) el.textContent = text;
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    return el;
  };
  // "Updated {t}" around the banner's own <time>, which `times` writes in the visitor's zone.
  const stamp = $("time", note);
  let shownAt = stamp.getAttribute("datetime");
  const say = (text) => {
    const [before, after] = text.split("{t}");
    stamp.setAttribute("datetime", shownAt);
    note.replaceChildren(before, stamp, after);
  };
  const names = new Map();
  // What a card says that the summary does not (the provider whose outage opened the incident, the
  // language its text is in, its update's body as rendered HTML), by incident id: from the page's
  // cards document, asked for again whenever the summary has changed and lists an incident, so a
  // poll that changes nothing stays one 304. `seen` is the last summary shown, as sent.
  let facts = {};
  let seen;
  const get = async (url) => {
    const res = await fetch(url, { cache: "no-cache", signal: AbortSignal.timeout(7000) });
    if (!res.ok) throw new Error(String(res.status));
    return res.text();
  };
  // The same elements as incident-card.astro builds. What the cards document does not cover keeps
  // what the page showed (an update it did not know yet shows its paragraphs as typed), until the
  // next change of the summary brings it.
  const card = (incident, old) => {
    const latest = incident.incident_updates[0];
    const known = facts[incident.id];
    const el = make("article", "", {
      class: "card",
      "data-incident-id": incident.id,
      "data-impact": incident.impact,
    });
    const h = el.appendChild(make("h3"));
    const a = h.appendChild(make("a", incident.name, { href: `${live.prefix}/incidents/${incident.id}/` }));
    const lang = known ? known.lang : old && $("h3 a", old).getAttribute("lang");
    if (lang) {
      a.setAttribute("lang", lang);
      h.append(" ", make("span", live.note, { class: "lang-note" }));
    }
    // A function, so that "$&" in a name stays as typed.
    const provider = known
      ? known.provider && live.provider.replace("{name}", () => known.provider)
      : old && $("p.provider", old)?.textContent;
    if (provider) el.appendChild(make("p", provider, { class: "provider" }));
    if (latest) {
      el.dataset.updateId = latest.id;
      let md = make("div", "", { class: "md" });
      const html = known?.html[latest.id];
      // innerHTML for this one string only: the API rendered it with the build's own renderer
      // (lib/markdown.ts: raw HTML escaped, javascript: links refused, control characters dropped),
      // so it is the markup the built card has; it comes from the page's own API, and the page's CSP
      // runs no inline script or handler that is not the build's. Everything else is textContent.
      if (html != null) md.innerHTML = html;
      else if (old?.dataset.updateId === latest.id) md = $(".md", old);
      else
        for (const text of latest.body.split(/\n\s*\n/))
          if (text.trim()) md.appendChild(make("p", text.trim()));
      el.appendChild(make("div", "", { class: "update" })).append(
        make("strong", live.is[latest.status] || latest.status),
        md,
        make("time", "", { class: "muted", datetime: latest.display_at }),
      );
    }
    const affected = (incident.components || []).map((c) =>
      c.group_id && names.has(c.group_id) ? `${names.get(c.group_id)} - ${c.name}` : c.name,
    );
    if (affected.length)
      el.appendChild(make("p", live.affected.split("{n}").join(affected.join(", ")), { class: "muted aff" }));
    return el;
  };
  // A changed summary builds every card again, with what the cards document says now.
  const showIncidents = (incidents, fresh) => {
    const box = $("#active-incidents");
    if (!box) return;
    const list = $(".list", box);
    const built = new Map([...list.children].map((el) => [el.dataset.incidentId, el]));
    list.replaceChildren(
      ...incidents.map((i) => {
        const el = built.get(i.id);
        return el && !fresh ? el : card(i, el);
      }),
    );
    box.hidden = incidents.length === 0;
  };
  const refresh = async () => {
    try {
      const text = await get(live.url);
      const summary = JSON.parse(text);
      const fresh = text !== seen;
      if (fresh && summary.incidents.length) facts = JSON.parse(await get(live.cards)).incidents;
      apply(summary, fresh);
      seen = text;
      shownAt = new Date().toISOString();
      say(live.updated);
    } catch {
      say(live.unavailable);
    }
    times();
  };
  const apply = (summary, fresh) => {
    $("#status").dataset.indicator = summary.status.indicator;
    $("#status-description").textContent =
      live.desc[summary.status.description] || summary.status.description;
    for (const c of summary.components) {
      if (c.group) names.set(c.id, c.name);
      const el = $(`[data-component-id="${CSS.escape(c.id)}"]`);
      if (!el) continue;
      el.dataset.status = c.status;
      $(".st", el).textContent = live.cs[c.status] || c.status;
      if (el.hasAttribute("data-only-degraded")) el.hidden = c.status === "operational";
    }
    for (const group of document.querySelectorAll("[data-group]")) {
      const children = [...group.querySelectorAll("li[data-component-id]")];
      group.hidden = children.length > 0 && children.every((el) => el.hidden);
    }
    showIncidents(summary.incidents, fresh);
  };
  refresh();
  setInterval(refresh, 8000);
}
