/// <reference lib="webworker" />
/** The training worker: a thin shell that wires the controller to postMessage. */

import '../config/noEval';
import { TrainerController } from './controller';
import { crashReport } from './crashReport';
import { loadDataset, userDataVersion } from './loadData';
import { PROTOCOL_VERSION, transferablesOf, type WorkerEvent, type WorkerRequest } from './protocol';
import { prepareWasmBackend } from './wasmBackend';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (event: WorkerEvent) => scope.postMessage(event, transferablesOf(event));
const controller = new TrainerController(post, loadDataset, { wasm: prepareWasmBackend }, userDataVersion);

scope.onmessage = (message: MessageEvent<WorkerRequest>) => {
  controller.handle(message.data).catch(reportFailure);
};
scope.onerror = (event) =>
  reportFailure(event instanceof ErrorEvent ? event.error : new Error(String(event)));
scope.onunhandledrejection = (event: PromiseRejectionEvent) => reportFailure(event.reason);

/** An error nothing caught: the page stops this worker on hearing of it (see `crashed`). */
function reportFailure(error: unknown): void {
  post(crashReport(error));
}

post({ type: 'hello', protocolVersion: PROTOCOL_VERSION });
