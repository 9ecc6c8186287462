// node-unix-socket's SeqpacketSocket behind a module of our own, so that `await import()` of this
// file loads the native addon lazily both under tsx and in the CommonJS bundle (where esbuild turns
// a static import of an external package into a plain require inside this module's initialiser).
// The shim is imported first (modules evaluate in import order) so the addon's loader skips the
// diagnostic report it would otherwise make to choose a binary; the class's own module, not the
// package index, which also loads its datagram and socket-option wrappers (~3 ms).
import { restoreReport } from './libc-report-shim.ts';
export { SeqpacketSocket } from 'node-unix-socket/js/seqpacket.js';

restoreReport();
