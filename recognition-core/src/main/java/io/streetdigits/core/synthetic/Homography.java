package io.streetdigits.core.synthetic;

/** A projective map of the plane, fixed by where it sends four points. */
final class Homography {

    /** Row-major 3x3 matrix, its last entry 1. */
    private final double[] h;

    private Homography(double[] h) {
        this.h = h;
    }

    /**
     * The map that sends each of four points to its counterpart.
     *
     * @param from x0, y0, ..., x3, y3: four distinct points, no three on a line
     * @param to   where each goes, in the same layout
     */
    static Homography mapping(double[] from, double[] to) {
        // Two equations per point in the eight unknowns h0..h7 (h8 = 1):
        // u = (h0 x + h1 y + h2) / (h6 x + h7 y + 1), v = (h3 x + h4 y + h5) / (h6 x + h7 y + 1).
        double[][] system = new double[8][9];
        for (int i = 0; i < 4; i++) {
            double x = from[2 * i];
            double y = from[2 * i + 1];
            double u = to[2 * i];
            double v = to[2 * i + 1];
            system[2 * i] = new double[] {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
            system[2 * i + 1] = new double[] {0, 0, 0, x, y, 1, -v * x, -v * y, v};
        }
        double[] solution = solve(system);
        double[] h = new double[9];
        System.arraycopy(solution, 0, h, 0, 8);
        h[8] = 1;
        return new Homography(h);
    }

    double[] apply(double x, double y) {
        double w = h[6] * x + h[7] * y + h[8];
        return new double[] {(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w};
    }

    /** Gaussian elimination with partial pivoting on an n x (n+1) augmented matrix. */
    private static double[] solve(double[][] a) {
        int n = a.length;
        for (int column = 0; column < n; column++) {
            int pivot = column;
            for (int row = column + 1; row < n; row++) {
                if (Math.abs(a[row][column]) > Math.abs(a[pivot][column])) {
                    pivot = row;
                }
            }
            if (Math.abs(a[pivot][column]) < 1e-12) {
                throw new IllegalArgumentException("these four points do not fix a projective map: two are the same or"
                        + " three of them lie on a line");
            }
            double[] swap = a[column];
            a[column] = a[pivot];
            a[pivot] = swap;
            for (int row = 0; row < n; row++) {
                if (row != column) {
                    double factor = a[row][column] / a[column][column];
                    for (int k = column; k <= n; k++) {
                        a[row][k] -= factor * a[column][k];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = a[i][n] / a[i][i];
        }
        return x;
    }
}
