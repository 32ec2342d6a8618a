import { defineConfig } from "vite";
import masko from "masko-sync/vite";

// The plugin warns while masko.yaml is ahead of masko.lock and drops unused mascot files from the build.
export default defineConfig({
  plugins: [masko({ dts: false })],
});
