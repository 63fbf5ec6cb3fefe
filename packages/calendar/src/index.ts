export * from './almaty.js';
