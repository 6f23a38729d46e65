// The example flow of MDN's "MediaStream Image Capture API" overview, its statements verbatim and in order
// (https://developer.mozilla.org/en-US/docs/Web/API/MediaStream_Image_Capture_API). `hooks.track` only
// observes the track; the example's early `return` leaves the promise resolved with undefined, and its last
// step's ImageCapture is returned.
export function mdnFlow(hooks) {
  return navigator.mediaDevices.getUserMedia({ video: true })
    .then((mediaStream) => {
      // Do something with the stream.
      const track = mediaStream.getVideoTracks()[0];
      hooks.track(track);
      const zoom = document.querySelector('#zoom');
      const capabilities = track.getCapabilities();
      // Check whether zoom is supported or not.
      if (!capabilities.zoom) {
        return;
      }
      track.applyConstraints({ advanced: [{ zoom: zoom.value }] });
      const imageCapture = new ImageCapture(track);
      return imageCapture;
    });
}
