/** The instance type of global interface `Name` (`typeof globalThis` has its constructor), else `Fallback`. */
export type GlobalInstance<Name extends string, Fallback> = typeof globalThis extends { readonly [K in Name]: { prototype: infer T } }
  ? T
  : Fallback;
