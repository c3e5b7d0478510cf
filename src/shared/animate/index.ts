export * from './blink';
export * from './channels';
export * from './idle';
export * from './inbetween';
export * from './min-jerk';
export * from './random';
export * from './regions';
export * from './keyed-animation';
