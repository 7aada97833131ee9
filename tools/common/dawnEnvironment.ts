/**
 * The process environment Dawn's Node bindings (npm `webgpu`) need to find a Vulkan driver. Dawn
 * dlopens `libvulkan.so.1`, and the dynamic linker reads LD_LIBRARY_PATH only when a process starts,
 * so a tool that needs a different environment re-runs itself with it (`rerunWithDawnEnvironment`).
 * On a machine without a GPU, the SwiftShader Vulkan driver and loader that Debian's chromium ships
 * serve; on a GPU machine the system's (or a packed) loader and the NVIDIA driver's ICD do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian's chromium keeps its Vulkan loader and SwiftShader's ICD manifest. */
const CHROMIUM_LIB_DIR = '/usr/lib/chromium';
const SYSTEM_ICD_DIRS = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d'];
const SYSTEM_LIB_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib/x86_64-linux-gnu'];
const RERUN_MARK = 'SAM_DAWN_ENVIRONMENT';

/** The variables to add to `env` so Dawn finds a Vulkan loader and a driver; empty when none are missing. */
export function dawnEnvironmentAdditions(env: NodeJS.ProcessEnv): Record<string, string> {
  const additions: Record<string, string> = {};
  const systemLoader = SYSTEM_LIB_DIRS.some((dir) => existsSync(join(dir, 'libvulkan.so.1')));
  const pathDirs = (env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  const pathLoader = pathDirs.some((dir) => existsSync(join(dir, 'libvulkan.so.1')));
  if (!systemLoader && !pathLoader && existsSync(join(CHROMIUM_LIB_DIR, 'libvulkan.so.1')))
    additions.LD_LIBRARY_PATH = [CHROMIUM_LIB_DIR, ...pathDirs].join(':');
  const systemIcd = SYSTEM_ICD_DIRS.some((dir) => existsSync(dir));
  const swiftShader = join(CHROMIUM_LIB_DIR, 'vk_swiftshader_icd.json');
  if (!env.VK_ICD_FILENAMES && !systemIcd && existsSync(swiftShader))
    additions.VK_ICD_FILENAMES = swiftShader;
  if (!env.XDG_RUNTIME_DIR) {
    const runtimeDir = join(tmpdir(), `sam-dawn-${process.getuid?.() ?? 'user'}`);
    mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
    additions.XDG_RUNTIME_DIR = runtimeDir;
  }
  return additions;
}

/**
 * Re-runs this process with the Dawn environment when it lacks it; returns the child's exit code, or
 * undefined when the environment was already complete (the caller then goes on itself).
 */
export function rerunWithDawnEnvironment(): number | undefined {
  if (process.env[RERUN_MARK]) return undefined;
  const additions = dawnEnvironmentAdditions(process.env);
  if (Object.keys(additions).length === 0) return undefined;
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, ...additions, [RERUN_MARK]: '1' },
  });
  if (child.error) throw child.error;
  return child.status ?? 1;
}
