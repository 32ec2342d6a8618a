/**
 * Size variant URLs in whatever shape an answer gives them (the docs say only that `sizes` on a
 * generate request pre-allocates CDN URLs, and that a variant URL adds `-{size}` before the
 * extension): a map of width → key → URL (or key → width → URL, or width → URL), a list of URLs
 * or of `{size, key, url}`, or extra keys in `urls` such as `webm_480`. Each variant becomes
 * `<key>@<width>` next to the plain keys; one whose file cannot be told is left out (the tool then
 * makes that variant itself). Nothing is invented.
 */
type Obj = Record<string, unknown>;

/** Fields an answer may carry size variants under. */
const FIELDS = ['sizes', 'size_urls', 'size_variants', 'variants'] as const;
const MAX_SIZE = 4096;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const safeKey = (key: string): string => key.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'file';

/** A width from a key or a value (`480`, `"480"`, `"480w"`), or undefined. */
function widthOf(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,4}w?$/.test(v) ? parseInt(v, 10) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= MAX_SIZE ? n : undefined;
}

const isUrl = (v: unknown): v is string => typeof v === 'string' && /^https?:\/\//i.test(v);

/**
 * The plain URLs of an answer with its size variants added as `<key>@<width>` (and extra `urls`
 * keys that are variants moved there).
 */
export function withSizeVariants(raw: Obj, urls: Record<string, string>): Record<string, string> {
  const plain: Record<string, string> = {};
  const variants: Record<string, string> = {};
  // Extra keys of `urls` named after another key and a width, whose URL ends in `-<width>.<ext>`.
  for (const [key, url] of Object.entries(urls)) {
    const m = /^(.+?)[_@-](\d{1,4})$/.exec(key);
    const width = m ? widthOf(m[2]) : undefined;
    if (m && width !== undefined && Object.hasOwn(urls, m[1]!) && sizeSuffix(url) === width) variants[`${m[1]}@${width}`] = url;
    else plain[key] = url;
  }
  const add = (width: number | undefined, key: string | undefined, url: unknown): void => {
    if (width === undefined || !isUrl(url)) return;
    const base = key !== undefined ? safeKey(key) : baseKeyOf(url, width, plain);
    if (base !== undefined && Object.hasOwn(plain, base)) variants[`${base}@${width}`] ??= url;
  };
  for (const field of FIELDS) {
    const v = raw[field];
    if (isObj(v)) {
      for (const [k, inner] of Object.entries(v)) {
        const width = widthOf(k);
        if (width !== undefined) {
          // width → key → URL, width → URL, or width → [URL]
          if (isObj(inner)) for (const [key, url] of Object.entries(inner)) add(width, key, url);
          else if (Array.isArray(inner)) for (const url of inner) add(width, undefined, url);
          else add(width, undefined, inner);
        } else if (isObj(inner)) {
          // key → width → URL
          for (const [w, url] of Object.entries(inner)) add(widthOf(w), k, url);
        }
      }
    } else if (Array.isArray(v)) {
      for (const el of v) {
        if (isUrl(el)) add(sizeSuffix(el), undefined, el);
        else if (isObj(el)) {
          const key = typeof el.key === 'string' ? el.key : typeof el.type === 'string' ? el.type : undefined;
          const url = el.url ?? el.cdn_url;
          add(widthOf(el.size ?? el.width) ?? (isUrl(url) ? sizeSuffix(url) : undefined), key, url);
        }
      }
    }
  }
  return { ...plain, ...variants };
}

/** The width a URL's file name ends in (`…-480.webm` → 480), or undefined. */
function sizeSuffix(url: string): number | undefined {
  const m = /-(\d{1,4})\.[A-Za-z0-9]{1,5}$/.exec(pathOf(url));
  return m ? widthOf(m[1]) : undefined;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

/**
 * Which plain file a variant URL is of: the one whose URL is the variant's without `-<width>`
 * (older pages: `waving-a1b2-360.webm` of `waving-a1b2.webm`), else the only one with the same
 * extension (newer pages give each variant its own hash). Undefined when it cannot be told.
 */
function baseKeyOf(url: string, width: number, plain: Record<string, string>): string | undefined {
  const path = pathOf(url);
  const m = /^(.*)-(\d{1,4})(\.[A-Za-z0-9]{1,5})$/.exec(path);
  if (m && Number(m[2]) === width) {
    const stripped = m[1]! + m[3]!;
    const same = Object.entries(plain).find(([, u]) => pathOf(u) === stripped);
    if (same) return same[0];
  }
  const ext = /\.[A-Za-z0-9]{1,5}$/.exec(path)?.[0].toLowerCase();
  const byExt = Object.entries(plain).filter(([, u]) => /\.[A-Za-z0-9]{1,5}$/.exec(pathOf(u))?.[0].toLowerCase() === ext);
  return byExt.length === 1 ? byExt[0]![0] : undefined;
}
