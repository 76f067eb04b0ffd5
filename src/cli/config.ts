import { isParleyError } from '../errors/parley-error.js';

/**
 * Parse a command's configuration: a bad variable (`INVALID_CONFIG`) prints its message, which names the
 * variable, sets exit code 2 and returns undefined (the command then stops). Other errors propagate.
 */
export function configOrExit<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (err) {
    if (isParleyError(err) && err.code === 'INVALID_CONFIG') {
      process.stderr.write(`error: ${err.message}\n`);
      process.exitCode = 2;
      return undefined;
    }
    throw err;
  }
}
