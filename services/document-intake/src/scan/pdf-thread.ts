/**
 * The pool's pdf thread: pdf.js for every analysis thread, each linked to it by a port of its own (see
 * `pdf-reader.ts` for why pdf.js lives apart from the image decoding).
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { servePdfReader } from './pdf-port.js';
import { inProcessPdfReader } from './pdf-reader.js';

parentPort?.on('message', (msg: { port: MessagePort }) => servePdfReader(msg.port, inProcessPdfReader));
