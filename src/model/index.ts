export * from './access.js';
export * from './errors.js';
export * from './input.js';
export * from './inventory.js';
export * from './review.js';
