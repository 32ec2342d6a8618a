/** The live gallery as a listener of a watch session: cards, statuses and previews follow the session's events. */
import type { LiveGallery } from '../gallery/live.js';
import { redact } from './secrets.js';
import type { WatchEvent } from './watch.js';

/** A listener that keeps `gallery` up to date with the session's events. */
export function galleryListener(gallery: LiveGallery): (e: WatchEvent) => void {
  return (e) => {
    switch (e.type) {
      case 'project':
        return gallery.setProject(e.project.manifest, e.project.lock);
      case 'invalid':
        return gallery.setStatus('manifest invalid: fix it and save', 'error');
      case 'over_budget':
        return gallery.setStatus(`skipped: ${e.credits} credits is over the watch budget`, 'error');
      case 'waiting':
        return gallery.setStatus(`waiting for edits to settle · ${e.credits} credits`, 'busy');
      case 'superseded':
        return gallery.setStatus('a newer save arrived · planning it', 'busy');
      case 'applying':
        gallery.markApplying(e.work);
        return gallery.setStatus(`applying · ${e.credits} credits estimated`, 'busy');
      case 'apply':
        // Server texts (a failure's message) are shown in a browser: never with a secret in them.
        return gallery.applyEvent('message' in e.event ? { ...e.event, message: redact(e.event.message) } : e.event, e.lock);
      case 'applied': {
        gallery.setProject(e.project.manifest, e.project.lock);
        const ok = e.report.exitCode === 0;
        const outcome = e.report.result.interrupted ? 'interrupted' : 'failed';
        return gallery.setStatus(ok ? 'watching · up to date' : `watching · last run ${outcome}`, ok ? 'idle' : 'error');
      }
      case 'run_end':
        if (e.outcome === 'nothing') gallery.setStatus('watching · up to date', 'idle');
        return;
      case 'preview':
        return gallery.showPreview(e.id, { prompt: e.prompt, path: e.path, sha256: e.sha256 });
      case 'error':
        return gallery.setStatus(redact(`error: ${e.message}`), 'error');
      case 'ready':
      case 'change':
      case 'plan':
      case 'held':
      case 'preview_failed':
      case 'collection_created':
      case 'stopping':
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  };
}
