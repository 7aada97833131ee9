/**
 * The GPU going away mid-training (a driver reset, a tab in the background too long). A real loss
 * cannot be provoked, so the test destroys the worker's WebGPU device, which fires the same
 * `device.lost` promise (reason "destroyed") through the same path.
 */
import { expect, test, type Worker } from '@playwright/test';
import { collectErrors, readState, waitForSteps } from './helpers';

const URL = '/?backend=webgpu&model=tiny-cnn&batch=16&evalExamples=100&evalEvery=20&steps=40&runs=sgd,sam';

/** Destroys the GPU device the next time the worker encodes GPU work (so it is the one in use). */
async function loseDevice(worker: Worker): Promise<void> {
  await worker.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const proto = GPUDevice.prototype;
        const original = proto.createCommandEncoder;
        proto.createCommandEncoder = function (this: GPUDevice, ...args) {
          proto.createCommandEncoder = original;
          this.destroy();
          resolve();
          return original.apply(this, args);
        };
      }),
  );
}

test('a lost WebGPU device pauses at the last snapshot; resuming on WASM loses and repeats no step', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const errors = collectErrors(page);
  const trainer = page.waitForEvent('worker', { predicate: (w) => w.url().includes('trainer') });
  await page.goto(URL);
  await expect(page.getByTestId('status')).toHaveText('Ready', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForSteps(page, ['sgd', 'sam'], 3, 120_000);

  await loseDevice(await trainer);
  const banner = page.getByTestId('device-lost');
  await expect(banner).toContainText('The GPU device was lost');
  await expect(banner).toContainText('destroyed');
  await expect(page.getByTestId('status')).toHaveText(/Paused/);
  const before = await readState(page, (s) => s.runs.get('sam')?.steps.length ?? 0);
  expect(before).toBeGreaterThanOrEqual(3);

  await banner.getByRole('button', { name: 'Resume on WASM' }).click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'wasm');
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('Done', { timeout: 120_000 });
  const steps = await readState(page, (s) => ['sgd', 'sam'].map((id) => s.runs.get(id)?.steps));
  const all = Array.from({ length: 40 }, (_, i) => i);
  expect(steps).toEqual([all, all]);
  expect(errors).toEqual([]);
});
