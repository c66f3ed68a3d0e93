import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Built assets are committed to ../build so that users of the Python app need
// no Node toolchain. `base: "./"` keeps asset URLs relative: Streamlit serves
// the build folder under /component/<name>/.
export default defineConfig({
  base: "./",
  plugins: [react()],
  build: {
    outDir: "../build",
    emptyOutDir: true,
    sourcemap: false,
    cssCodeSplit: false,
    modulePreload: false,
    chunkSizeWarningLimit: 3000,
    rollupOptions: {
      output: {
        inlineDynamicImports: true,
        entryFileNames: "assets/index.js",
        assetFileNames: "assets/[name][extname]",
      },
    },
  },
});
