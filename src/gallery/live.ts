/** The live gallery's state: cards kept current from the project and from apply events, broadcast to subscribers. */
import type { ApplyEvent } from '../apply/types.js';
import type { Lockfile } from '../model/lock.js';
import type { Manifest } from '../model/manifest.js';
import type { PlanStep } from '../model/plan.js';
import { cardFor, cardsFrom, mediaPaths, type Card } from './cards.js';
import { renderCard, subtitleOf, type HrefFor } from './render.js';

/** What subscribers (SSE clients) receive: an event name and its JSON data. */
export type GalleryMessage =
  | { event: 'card'; data: { id: string; state: Card['state']; html: string } }
  | { event: 'order'; data: { ids: string[] } }
  | { event: 'status'; data: { text: string; tone: 'idle' | 'busy' | 'error' } }
  | { event: 'subtitle'; data: { text: string } }
  | { event: 'title'; data: { text: string } };

/** A preview shown instead of a paid image: kept while the manifest still has the previewed prompt. */
export interface PreviewShown {
  prompt: string;
  path: string;
  sha256: string;
}

/** URL of a project file on the live server (cache-busted by its hash, so a regenerated file reloads). */
export const liveHref: HrefFor = (path, version) => `files/${path.split('/').map(encodeURIComponent).join('/')}${version ? `?v=${version}` : ''}`;

/** Cards by id with their last rendered HTML; every change is pushed to subscribers. */
export class LiveGallery {
  private cards = new Map<string, Card>();
  private html = new Map<string, string>();
  private order: string[] = [];
  private manifest: Manifest | undefined;
  private readonly previews = new Map<string, PreviewShown>();
  private readonly listeners = new Set<(m: GalleryMessage) => void>();
  title = 'masko-sync gallery';
  status: { text: string; tone: 'idle' | 'busy' | 'error' } = { text: 'starting', tone: 'busy' };

  /** Rebuilds every card from the manifest and the lock (previews of unchanged prompts are kept). */
  setProject(manifest: Manifest, lock: Lockfile | undefined): void {
    this.manifest = manifest;
    const title = manifest.collection.kind === 'define' ? manifest.collection.name : 'masko-sync gallery';
    if (title !== this.title) {
      this.title = title;
      this.emit({ event: 'title', data: { text: title } });
    }
    const cards = cardsFrom(manifest, lock);
    for (const [id, p] of this.previews) {
      const asset = manifest.assets[id];
      if (asset?.kind !== 'image' || asset.image_prompt !== p.prompt) this.previews.delete(id);
    }
    const ids = cards.map((c) => c.id);
    const orderChanged = ids.join('\n') !== this.order.join('\n');
    this.order = ids;
    for (const id of [...this.cards.keys()]) {
      if (ids.includes(id)) continue;
      this.cards.delete(id);
      this.html.delete(id);
    }
    for (const card of cards) this.put(this.previews.has(card.id) ? this.previewCard(card) : card);
    if (orderChanged) this.emit({ event: 'order', data: { ids } });
    this.emitSubtitle();
  }

  /** Marks the steps about to be applied as pending, keeping their old media until the new files arrive. */
  markApplying(steps: PlanStep[]): void {
    for (const s of steps) {
      const card = this.cards.get(s.id);
      if (!card || !['create', 'regenerate', 'resume'].includes(s.action)) continue;
      this.put({ ...card, state: 'pending', note: s.reason, progress: 0, credits: s.credits });
    }
    this.emitSubtitle();
  }

  /** Shows a free preview on an image's card. */
  showPreview(id: string, preview: PreviewShown): void {
    this.previews.set(id, preview);
    const card = this.cards.get(id);
    if (card) this.put(this.previewCard(card));
    this.emitSubtitle();
  }

  /** Updates cards from one apply event; `lock` is the journal's current lock. */
  applyEvent(e: ApplyEvent, lock: Lockfile): void {
    const patch = (id: string, change: Partial<Card>) => {
      const card = this.cards.get(id);
      if (card) this.put({ ...card, ...change });
    };
    switch (e.type) {
      case 'submitted':
        for (const id of e.ids) patch(id, { state: 'pending', note: 'submitted', progress: 0 });
        break;
      case 'job':
        patch(e.id, { state: 'pending', progress: e.progress, note: `job ${e.status}` });
        break;
      case 'generated':
        patch(e.id, { note: 'downloading', progress: 1 });
        break;
      case 'pending':
        patch(e.id, { state: 'pending', note: `job ${e.job_id} running` });
        break;
      case 'failed':
        patch(e.id, { state: 'failed', note: `${e.message} [${e.code}]`, progress: undefined });
        break;
      case 'skipped':
        patch(e.id, { state: 'failed', note: e.cause.includes(' ') ? e.cause : `skipped: upstream ${e.cause} failed`, progress: undefined });
        break;
      case 'completed':
      case 'renamed':
      case 'relocated':
      case 'restored':
      case 'derived':
      case 'dropped': {
        const asset = this.manifest?.assets[e.id];
        if (asset) this.previews.delete(e.id);
        if (asset) this.put(cardFor(asset, lock.assets[e.id]));
        break;
      }
      case 'warning':
        break;
    }
    this.emitSubtitle();
  }

  /** Sets the status pill (watching, applying, invalid manifest, …). */
  setStatus(text: string, tone: 'idle' | 'busy' | 'error'): void {
    this.status = { text, tone };
    this.emit({ event: 'status', data: this.status });
  }

  /** The cards in manifest order. */
  list(): Card[] {
    return this.order.map((id) => this.cards.get(id)).filter((c): c is Card => c !== undefined);
  }

  /** Project files the page may load: only those the current cards show (from the lock or a preview). */
  allowedFiles(): Set<string> {
    return mediaPaths(this.cards.values());
  }

  /** Everything a new subscriber needs to catch up. */
  snapshot(): GalleryMessage[] {
    return [
      { event: 'title', data: { text: this.title } },
      { event: 'status', data: this.status },
      { event: 'subtitle', data: { text: subtitleOf(this.list()) } },
      ...this.list().map((c): GalleryMessage => ({ event: 'card', data: { id: c.id, state: c.state, html: this.html.get(c.id)! } })),
      { event: 'order', data: { ids: this.order } },
    ];
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  subscribe(fn: (m: GalleryMessage) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private previewCard(card: Card): Card {
    const p = this.previews.get(card.id)!;
    return { ...card, state: 'preview', credits: 0, progress: undefined, note: 'free preview; a real sync pays for the image', media: [{ type: 'image', key: 'preview', path: p.path, version: p.sha256.slice(0, 12) }] };
  }

  private put(card: Card): void {
    this.cards.set(card.id, card);
    const html = renderCard(card, liveHref);
    if (this.html.get(card.id) === html) return;
    this.html.set(card.id, html);
    this.emit({ event: 'card', data: { id: card.id, state: card.state, html } });
  }

  private emitSubtitle(): void {
    this.emit({ event: 'subtitle', data: { text: subtitleOf(this.list()) } });
  }

  private emit(m: GalleryMessage): void {
    for (const fn of this.listeners) fn(m);
  }
}
