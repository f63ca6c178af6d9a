import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
const outDir = join(root, "dist");

/** After a build, prints the size of the console's JavaScript as a browser downloads it (gzipped). */
function reportGzippedJavaScript(): Plugin {
  return {
    name: "verdict-gzipped-javascript",
    apply: "build",
    closeBundle() {
      const assets = join(outDir, "assets");
      const files = readdirSync(assets).filter((name) => name.endsWith(".js"));
      const gzipped = files.reduce((sum, name) => sum + gzipSync(readFileSync(join(assets, name))).length, 0);
      console.log(`console JavaScript: ${files.length} files, ${(gzipped / 1024).toFixed(1)} KB gzipped`);
    },
  };
}

// Served by Verdict at /console/ under a CSP that allows nothing inline and nothing from elsewhere.
export default defineConfig({
  root,
  base: "/console/",
  plugins: [react(), reportGzippedJavaScript()],
  build: { outDir, emptyOutDir: true, sourcemap: false, target: "es2022" },
  server: { proxy: { "/v1": "http://127.0.0.1:3000" } },
});
