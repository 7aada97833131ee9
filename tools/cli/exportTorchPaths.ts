/** Where the PyTorch script's template lives (read by the CLI and the tests; the page imports it with ?raw). */
export const TORCH_TEMPLATE_PATH = 'src/export/experiment_template.py';

/**
 * `torchrun --standalone --nproc_per_node=2` as python3 arguments (a free port, so parallel jobs never
 * collide). `--redirects 2 --tee 2`: Debian's torch 1.13 on Python ≥ 3.11 cannot parse the default "0"
 * (its Std enum lost the zero member in iteration) and stops before starting a worker.
 */
export const TORCHRUN_TWO_RANKS = [
  '-m',
  'torch.distributed.run',
  '--standalone',
  '--nproc_per_node=2',
  '--redirects',
  '2',
  '--tee',
  '2',
];
