// In custom-integration mode the element takes the destination id the demo server's configuration
// gives such sources. Set while the page parses: the mode is fixed once FullStory has loaded.
if (new URLSearchParams(location.search).get('mode') === 'integration') {
  document.querySelector('rudder-fullstory').setAttribute('destination-id', 'fullstory-custom-destination');
}
