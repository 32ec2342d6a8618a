/** The gallery's stylesheet, inlined into every page (a string so it ships inside dist/ with no build step). */
export const GALLERY_CSS = `
:root{--bg:#f4f2ee;--card:#fff;--ink:#1d1b19;--muted:#6f6a64;--line:#e4e0da;--ready:#1f8a4c;--pending:#b7791f;--failed:#c0392b;--preview:#6b46c1;
--c1:#ffffff;--c2:#e9e6e1;font-family:ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#17161a;--card:#222126;--ink:#ecebef;--muted:#a19fa8;--line:#34323a;--c1:#2c2b31;--c2:#38363e}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink)}
header{display:flex;align-items:flex-end;justify-content:space-between;gap:16px;padding:28px 32px 12px;flex-wrap:wrap}
h1{font-size:22px;margin:0 0 4px;letter-spacing:-.01em}
.subtitle{margin:0;color:var(--muted);font-size:14px}
.status{font-size:13px;padding:6px 12px;border-radius:999px;background:var(--card);border:1px solid var(--line);white-space:nowrap}
.status::before{content:"";display:inline-block;width:8px;height:8px;border-radius:50%;margin-right:8px;background:var(--ready);vertical-align:1px}
.status.busy::before{background:var(--pending);animation:pulse 1s ease-in-out infinite}
.status.error::before{background:var(--failed)}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:18px;padding:12px 32px 40px}
.card{background:var(--card);border:1px solid var(--line);border-radius:14px;overflow:hidden;display:flex;flex-direction:column;box-shadow:0 1px 2px rgba(0,0,0,.04);transition:box-shadow .2s}
.card:hover{box-shadow:0 6px 20px rgba(0,0,0,.08)}
.card[data-state=failed]{border-color:color-mix(in srgb,var(--failed) 45%,var(--line))}
.card[data-state=preview]{border-color:color-mix(in srgb,var(--preview) 45%,var(--line))}
.media{display:grid;grid-template-columns:1fr;gap:1px;background:var(--line);aspect-ratio:1/1}
.media.two{grid-template-columns:1fr 1fr}
.media.two figure:nth-child(3){grid-column:1 / span 2}
.checker{margin:0;position:relative;min-height:0;overflow:hidden;display:flex;align-items:center;justify-content:center;
background-color:var(--c1);background-image:conic-gradient(var(--c2) 25%,transparent 0 50%,var(--c2) 0 75%,transparent 0);background-size:18px 18px}
.checker img,.checker video{width:100%;height:100%;object-fit:contain;display:block}
.checker figcaption{position:absolute;left:8px;bottom:8px;font-size:11px;padding:2px 7px;border-radius:999px;background:rgba(20,20,24,.62);color:#fff;letter-spacing:.02em}
.placeholder{display:flex;align-items:center;justify-content:center;font-size:36px;color:var(--muted);
background-color:var(--c1);background-image:conic-gradient(var(--c2) 25%,transparent 0 50%,var(--c2) 0 75%,transparent 0);background-size:18px 18px}
.placeholder.failed{color:var(--failed)}
.spinner{width:34px;height:34px;border-radius:50%;border:3px solid var(--line);border-top-color:var(--pending);animation:spin .9s linear infinite}
.meta{padding:12px 14px 14px;display:flex;flex-direction:column;gap:8px}
.title{display:flex;align-items:center;justify-content:space-between;gap:8px}
.title h2{font-size:15px;margin:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.badge{font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.05em;padding:3px 8px;border-radius:999px;color:#fff;flex:none}
.badge.ready{background:var(--ready)}.badge.pending{background:var(--pending)}.badge.failed{background:var(--failed)}.badge.preview{background:var(--preview)}
.sub{display:flex;gap:10px;flex-wrap:wrap;font-size:12px;color:var(--muted)}
.sub code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;color:var(--ink)}
.credits{margin-left:auto}
.prompts{margin:0;display:grid;grid-template-columns:auto 1fr;gap:3px 10px;font-size:13px;line-height:1.35}
.prompts dt{color:var(--muted)}
.prompts dd{margin:0;overflow-wrap:anywhere}
.note{margin:0;font-size:12px;color:var(--muted)}
.card[data-state=failed] .note{color:var(--failed)}
.progress{height:4px;border-radius:2px;background:var(--line);overflow:hidden}
.progress span{display:block;height:100%;background:var(--pending);transition:width .3s}
@keyframes spin{to{transform:rotate(360deg)}}
@keyframes pulse{50%{opacity:.35}}
`.trim();
