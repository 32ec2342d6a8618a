/** HTML of the gallery: one renderer for the live page, its live updates and the static contact sheet (pure). */
import type { Card, CardMedia } from './cards.js';
import { GALLERY_CSS } from './page-style.js';

/** Turns a project-relative file path into the URL the page uses (live server route, or a relative path). */
export type HrefFor = (path: string, version: string) => string;

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** How each kind reads on a card (the internal kinds are not the manifest's words). */
const KIND_LABEL: Record<Card['kind'], string> = { image: 'image', animation: 'animation', animate: 'animation', transition: 'transition', edit: 'edit', logo: 'logo pack', reverse: 'reverse clip' };

const STATE_LABEL: Record<Card['state'], string> = { pending: 'pending', ready: 'ready', failed: 'failed', preview: 'preview' };

/** One card: its media (or a placeholder), name, state badge, credits, prompts and note. */
export function renderCard(card: Card, href: HrefFor): string {
  const e = escapeHtml;
  const mediaKey = card.media.map((m) => `${m.key}@${m.version}`).join(' ');
  const media = card.media.length > 0 ? card.media.map((m) => renderMedia(card, m, href)).join('') : placeholder(card);
  const amount = `${card.credits} credit${card.credits === 1 ? '' : 's'}`;
  // A pending card shows what it is about to cost (the plan's estimate); others what they cost.
  const credits = card.state === 'preview' ? 'free preview' : card.state === 'pending' && card.credits > 0 ? `≈ ${amount}` : amount;
  const prompts = card.prompts.map(([label, text]) => `<dt>${e(label)}</dt><dd>${e(text)}</dd>`).join('');
  const progress =
    card.state === 'pending' && card.progress !== undefined
      ? `<div class="progress" role="progressbar" aria-valuenow="${Math.round(card.progress * 100)}"><span style="width:${Math.round(card.progress * 100)}%"></span></div>`
      : '';
  return (
    `<article class="card" data-id="${e(card.id)}" data-state="${card.state}">` +
    `<div class="media${card.media.length > 1 ? ' two' : ''}" data-media="${e(mediaKey)}">${media}</div>` +
    `<div class="meta"><div class="title"><h2>${e(card.name)}</h2><span class="badge ${card.state}">${STATE_LABEL[card.state]}</span></div>` +
    `<div class="sub"><code>${e(card.id)}</code><span>${KIND_LABEL[card.kind]}</span><span class="credits">${credits}</span></div>` +
    `${progress}<dl class="prompts">${prompts}</dl>` +
    (card.note ? `<p class="note">${e(card.note)}</p>` : '') +
    `</div></article>`
  );
}

function renderMedia(card: Card, m: CardMedia, href: HrefFor): string {
  const e = escapeHtml;
  if (m.type === 'image') {
    const label = m.key === 'transparent_image' ? 'transparent' : m.key;
    return `<figure class="checker"><img src="${e(href(m.path, m.version))}" alt="${e(`${card.name} (${label})`)}" decoding="async"><figcaption>${e(label)}</figcaption></figure>`;
  }
  const sources = m.sources.map((s) => `<source src="${e(href(s.path, m.version))}" type="${e(s.mime)}">`).join('');
  return `<figure class="checker"><video muted loop autoplay playsinline preload="auto">${sources}</video><figcaption>video</figcaption></figure>`;
}

function placeholder(card: Card): string {
  const icon = card.state === 'failed' ? '✕' : card.state === 'pending' ? '<span class="spinner"></span>' : '';
  return `<div class="placeholder ${card.state}">${icon}</div>`;
}

export interface PageOptions {
  title: string;
  subtitle: string;
  cards: Card[];
  href: HrefFor;
  /** The live page loads its script (SSE); the static sheet has none. */
  script?: string;
  /** The status line (live page). */
  status?: { text: string; tone: 'idle' | 'busy' | 'error' };
}

/** A whole page: header, grid of cards, optional live script. */
export function renderPage(o: PageOptions): string {
  const e = escapeHtml;
  const status = o.status ? `<span id="status" class="status ${o.status.tone}">${e(o.status.text)}</span>` : '';
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(o.title)}</title>`,
    `<style>${GALLERY_CSS}</style>`,
    '</head>',
    '<body>',
    `<header><div><h1>${e(o.title)}</h1><p class="subtitle">${e(o.subtitle)}</p></div>${status}</header>`,
    `<main id="grid" class="grid">${o.cards.map((c) => renderCard(c, o.href)).join('')}</main>`,
    o.script ? `<script src="${e(o.script)}"></script>` : '',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** "3 ready · 1 pending · 12 credits", for the page header. */
export function subtitleOf(cards: Card[]): string {
  const counts = new Map<string, number>();
  for (const c of cards) counts.set(c.state, (counts.get(c.state) ?? 0) + 1);
  const parts = (['ready', 'pending', 'preview', 'failed'] as const).filter((s) => counts.get(s)).map((s) => `${counts.get(s)} ${s}`);
  const credits = cards.reduce((n, c) => n + (c.state === 'preview' ? 0 : c.credits), 0);
  return `${cards.length} asset${cards.length === 1 ? '' : 's'}${parts.length ? ` · ${parts.join(' · ')}` : ''} · ${credits} credits`;
}
