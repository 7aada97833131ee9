/**
 * The production build's Content-Security-Policy forbids eval (tools/common/hosting.ts). zod compiles
 * faster parsers with `new Function` where it may, and even its probe for that is reported as a
 * policy violation; `jitless` keeps it to its plain parsers. The page's and the worker's entry points
 * import this first; Node (tests, CLI) keeps the compiled parsers.
 */
import { z } from 'zod';

z.config({ jitless: true });
