export * from './bezier';
export * from './easing';
export * from './edit';
export * from './evaluate';
export * from './frames';
export * from './keyframe';
export * from './reduce';
