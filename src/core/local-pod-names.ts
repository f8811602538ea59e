/** The local platform's Deployment: scenarios name its pods `web-r<revision>-<n>`, n counting every pod it created. */
export const LOCAL_DEPLOYMENT_NAME = 'web';

/** `web-r<revision>-<n>`: revision in group 1, n in group 2. */
export const LOCAL_POD_NAME = new RegExp(`^${LOCAL_DEPLOYMENT_NAME}-r(\\d+)-(\\d+)$`);
