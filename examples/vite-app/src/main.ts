// Two of the three assets: the bundle carries only these (`wave` is left out, as are its files).
import { idle, waveHello } from "./mascot-assets";

const app = document.querySelector<HTMLElement>("#app")!;

const still = idle.files.image;
const img = document.createElement("img");
img.src = still.src;
img.alt = idle.name;
// Width and height come from the file, so the page lays out before the image loads.
img.width = still.width ?? 512;
img.height = still.height ?? 512;
app.append(img);

const clip = waveHello.files.webm;
const video = document.createElement("video");
video.src = clip.src;
video.width = clip.width ?? 512;
video.height = clip.height ?? 512;
video.autoplay = video.loop = video.muted = true;
video.title = `${waveHello.name} (${clip.duration ?? "?"} s)`;
app.append(video);
