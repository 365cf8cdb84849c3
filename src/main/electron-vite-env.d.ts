// The import suffixes electron-vite understands in the main process build (`?modulePath` names
// a file it bundles on its own: the key derivation worker, src/main/index.ts).
/// <reference types="electron-vite/node" />
