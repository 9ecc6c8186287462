// node-unix-socket's DgramSocket (AF_UNIX, SOCK_DGRAM) behind a module of our own, loaded lazily
// like seqpacket-socket.ts: the shim first so the addon's loader skips its diagnostic report.
import { restoreReport } from './libc-report-shim.ts';
export { DgramSocket } from 'node-unix-socket/js/dgram.js';

restoreReport();
