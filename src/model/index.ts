export * from './choices.js';
export * from './config.js';
export * from './diagnostic.js';
export * from './evidence.js';
export * from './project.js';
export * from './service.js';
