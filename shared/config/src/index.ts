export { parseConfig, loadConfigOrExit, ConfigError } from './load-config.js';
export { env, baseConfigShape } from './fields.js';
export { faultPoint } from './fault-point.js';
