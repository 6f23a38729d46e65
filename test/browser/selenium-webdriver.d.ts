/** The few parts of selenium-webdriver (which ships no types) the WebKit launcher uses. */
declare module 'selenium-webdriver' {
  export interface Timeouts {
    script?: number;
    pageLoad?: number;
    implicit?: number;
  }
  export class WebDriver {
    get(url: string): Promise<void>;
    executeAsyncScript(script: string, ...args: unknown[]): Promise<unknown>;
    manage(): { setTimeouts(timeouts: Timeouts): Promise<void> };
    quit(): Promise<void>;
    takeScreenshot(): Promise<string>;
  }
  export class Builder {
    usingServer(url: string): this;
    withCapabilities(capabilities: Record<string, unknown>): this;
    build(): Promise<WebDriver>;
  }
}
