/** The ONVIF camera backend: IP cameras' PTZ, imaging and snapshots, their stream through ffmpeg. */
export { OnvifBackend, type OnvifBackendOptions, type RegisteredCamera } from './onvif-backend.js';
export { OnvifSource, type ReconnectPolicy } from './source.js';
export { MULTICAST_TARGET, type DiscoveryOptions } from './discovery.js';
export { parseAddress } from './address.js';
