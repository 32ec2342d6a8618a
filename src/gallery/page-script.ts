/** The live page's script (plain browser JS in a string, served as /app.js): applies server-sent card updates. */
export const GALLERY_SCRIPT = `
(() => {
  'use strict';
  const grid = document.getElementById('grid');
  const find = (id) => grid.querySelector('.card[data-id="' + CSS.escape(id) + '"]');
  const parse = (html) => { const t = document.createElement('template'); t.innerHTML = html; return t.content.firstElementChild; };
  const playAll = (root) => root.querySelectorAll('video').forEach((v) => { v.muted = true; const p = v.play(); if (p) p.catch(() => {}); });
  // A card whose media did not change keeps its elements, so videos keep playing and images do not flash.
  const update = (id, html) => {
    const next = parse(html);
    const card = find(id);
    if (!card) { grid.appendChild(next); playAll(next); return; }
    const media = card.querySelector('.media');
    const nextMedia = next.querySelector('.media');
    if (media && nextMedia && media.dataset.media === nextMedia.dataset.media) {
      card.dataset.state = next.dataset.state;
      card.querySelector('.meta').replaceWith(next.querySelector('.meta'));
    } else {
      card.replaceWith(next);
      playAll(next);
    }
  };
  const order = (ids) => {
    const keep = new Set(ids);
    grid.querySelectorAll('.card').forEach((c) => { if (!keep.has(c.dataset.id)) c.remove(); });
    for (const id of ids) { const c = find(id); if (c) grid.appendChild(c); }
  };
  const events = new EventSource('events');
  const on = (name, fn) => events.addEventListener(name, (ev) => { fn(JSON.parse(ev.data)); window.__maskoEvents = (window.__maskoEvents || 0) + 1; });
  on('card', (d) => update(d.id, d.html));
  on('order', (d) => order(d.ids));
  on('status', (d) => { const s = document.getElementById('status'); if (s) { s.textContent = d.text; s.className = 'status ' + d.tone; } });
  on('subtitle', (d) => { const s = document.querySelector('.subtitle'); if (s) s.textContent = d.text; });
  on('title', (d) => { document.title = d.text; const h = document.querySelector('h1'); if (h) h.textContent = d.text; });
  events.addEventListener('error', () => { const s = document.getElementById('status'); if (s && events.readyState === 2) { s.textContent = 'disconnected'; s.className = 'status error'; } });
  playAll(document);
})();
`.trim();
