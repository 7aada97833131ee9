/** The page's "Export PyTorch script": the experiment on screen as a runnable PyTorch file. */
import template from '../../export/experiment_template.py?raw';
import { torchScript } from '../../export/torchScript';
import type { AppState } from '../store';
import { APP_VERSION } from './bundleExport';
import { downloadText, exportFileName } from './download';

/** Downloads experiment.py for the current setup; the app's seeded initialisation, reproduced in Python. */
export function downloadTorchScript(state: AppState, link: string): void {
  const script = torchScript(template, { config: state.config, link, appVersion: APP_VERSION });
  downloadText(script, exportFileName('experiment', 'py'), 'text/x-python');
}
