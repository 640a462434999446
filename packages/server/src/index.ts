/** @oichat/server as a library: build or start the server in-process. */
export { buildApp, type AppDeps } from './app.js';
export { startServer, type RunningServer, type StartOptions } from './server.js';
export { resolveConfig, type Config, type ConfigInput } from './config.js';
export { AppError, errors } from './errors/app-error.js';
export { sign as signRequest, stringToSign } from './crypto/request-signature.js';
export type { Room, Message, Page, ProjectCredentials } from './services/models.js';
export { VERSION } from './version.js';
