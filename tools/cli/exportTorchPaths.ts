/** Where the PyTorch script's template lives (read by the CLI and the tests; the page imports it with ?raw). */
export const TORCH_TEMPLATE_PATH = 'src/export/experiment_template.py';
