import { Component, type ReactNode } from 'react';

interface Props {
  fallback: (message: string) => ReactNode;
  children: ReactNode;
}

/** Keeps a failing 3D view (lost or refused WebGL context) from taking the whole editor down. */
export class ViewportErrorBoundary extends Component<Props, { message: string | null }> {
  override state = { message: null as string | null };

  static getDerivedStateFromError(error: unknown): { message: string } {
    return { message: error instanceof Error ? error.message : String(error) };
  }

  override render() {
    return this.state.message !== null ? this.props.fallback(this.state.message) : this.props.children;
  }
}
