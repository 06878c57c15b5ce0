// The signed-in person of the page being rendered, resolved once per request
// (the layout, the page guard and the navigation all ask).
import { cache } from "react";
import { resolvePrincipal } from "./resolve-principal";

export const currentPrincipal = cache(() => resolvePrincipal(null));
