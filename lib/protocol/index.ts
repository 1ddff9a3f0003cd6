export * from './channels';
export * from './envelope';
export * from './errors';
export * from './location';
export * from './socketio';
export * from './client-messages';
export * from './system-messages';
export * from './events';
