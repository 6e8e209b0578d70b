/**
 * The element's side of the debug panel, as a Lit reactive controller: the recent calls it keeps
 * while the element has `debug`, and the panel itself, whose code is imported on demand so that an
 * element without `debug` never fetches it.
 */
import type {ReactiveController, ReactiveElement} from '@lit/reactive-element';
// Types only: the panel's code is loaded on demand.
import type {DebugPanel, PanelState} from './debug-panel.js';
import {remember, type PanelEntry} from './recent.js';

type Host = ReactiveElement & {debug: boolean};

export class PanelHost implements ReactiveController {
  /** The last calls as the panel lists them (types, operations and reasons; no data). */
  private recent_: PanelEntry[] = [];
  private panel_?: DebugPanel;
  private loading_ = false;

  constructor(
    private readonly host_: Host,
    private readonly read_: () => Omit<PanelState, 'recent'>,
  ) {
    host_.addController(this);
  }

  /** With `debug`: list `entry` (a call delivered, repaired or dropped). */
  note_(entry: PanelEntry): void {
    if (!this.host_.debug) return;
    remember(this.recent_, entry);
    this.invalidate_();
  }

  /** Something the panel shows changed. */
  invalidate_(): void {
    this.panel_?.invalidate();
  }

  /** After each update: the panel exists only with `debug`; without it, its code is never even fetched. */
  hostUpdated(): void {
    const host = this.host_;
    if (!host.debug) {
      this.panel_?.remove();
      this.panel_ = undefined;
      this.recent_ = [];
      return;
    }
    if (this.panel_) return this.panel_.invalidate();
    if (this.loading_ || !host.isConnected || !host.shadowRoot) return;
    this.loading_ = true;
    import('./debug-panel.js').then(
      ({createDebugPanel}) => {
        this.loading_ = false;
        if (host.debug && !this.panel_ && host.shadowRoot) {
          this.panel_ = createDebugPanel(host.shadowRoot, () => ({...this.read_(), recent: this.recent_}));
        }
      },
      error => {
        this.loading_ = false;
        // A CSP that allows the main file but not its sibling chunk: debug output still goes to the console.
        console.warn('[rudder-fullstory] the debug panel could not be loaded:', error);
      },
    );
  }
}
