// node-unix-socket's SeqpacketSocket behind a module of our own, so that `await import()` of this
// file loads the native addon lazily both under tsx and in the CommonJS bundle (where esbuild turns
// a static import of an external package into a plain require inside this module's initialiser).
export { SeqpacketSocket } from 'node-unix-socket';
