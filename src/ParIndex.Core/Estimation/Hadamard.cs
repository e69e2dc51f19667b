namespace ParIndex.Core.Estimation;

/// <summary>
/// Hadamard matrices as R <c>survey</c>'s <c>hadamard(n)</c> builds them for BRR (entries 0/1, 1 standing for +1), so
/// ParIndex's default BRR replicates are R's: the smallest of its stored matrices (orders 4, 16, 28, 36) that fits,
/// else a Paley construction from a prime p ≡ 3 (mod 4), else a stored matrix doubled (H → [H H; H 1−H]).
/// Row 0 is all ones and unused; rows 1..n give the strata.
/// </summary>
public static class Hadamard
{
    // survey's hadamard.list (sysdata), rows as 0/1 strings.
    private static readonly string[] Stored =
    [
        "1111 1010 1100 1001",
        "1111111111111111 1010101010101010 1100110011001100 1001100110011001 1111000011110000 1010010110100101 1100001111000011 1001011010010110 1111111100000000 1010101001010101 1100110000110011 1001100101100110 1111000000001111 1010010101011010 1100001100111100 1001011001101001",
        "1111111111111111111111111111 1001110001110001110001111000 1000001111001101001101111000 1000001110110010111001100110 1001101000001111100011010110 1001010100101100010110101110 1000110011010010001110011110 0101100010101010011111110000 0100010110110101100111010100 0100011011001011110010101100 0101011000010111011101001010 0100101101100100111010011010 0101100101011001101100100110 0010110100011110101011101000 0011011001100110101100110100 0010101100111011010100011100 0011000111010111010010110010 0011001011111000100111001010 0010110011101101011001000110 1110101001010100010111100100 1111000101100011001011001100 1111000010011100111000011100 1110010101001010110101010010 1110011000111001001010110010 1110100010100111100100101010 1101111111111110000000000000 1011111110000001111110000000 0111111110000000000001111110",
        "111111111111111111111111111111111111 010111000111110111001000010101100100 101110001111101110010000101011001000 011100011111011100100001010110010010 111000111110111001000010101100100100 110001111101110010000101011001001010 100011111011100100001010110010010110 000111110111001000010101100100101110 001111101110010000101011001001011100 011111011100100001010110010010111000 111110111001000010101100100101110000 111101110010000101011001001011100010 111011100100001010110010010111000110 110111001000010101100100101110001110 101110010000101011001001011100011110 011100100001010110010010111000111110 111001000010101100100101110001111100 110010000101011001001011100011111010 100100001010110010010111000111110110 001000010101100100101110001111101110 010000101011001001011100011111011100 100001010110010010111000111110111000 000010101100100101110001111101110010 000101011001001011100011111011100100 001010110010010111000111110111001000 010101100100101110001111101110010000 101011001001011100011111011100100000 010110010010111000111110111001000010 101100100101110001111101110010000100 011001001011100011111011100100001010 110010010111000111110111001000010100 100100101110001111101110010000101010 001001011100011111011100100001010110 010010111000111110111001000010101100 100101110001111101110010000101011000 001011100011111011100100001010110010",
    ];

    private static readonly int[] StoredSizes = [4, 16, 28, 36];

    private static readonly Lazy<int[]> SmallPrimes = new(() =>
    {
        // survey's small.primes: the primes p ≡ 3 (mod 4) up to 7919.
        var primes = new List<int>();
        for (var p = 3; p <= 7919; p += 4)
        {
            var prime = true;
            for (var d = 3; d * d <= p && prime; d += 2)
            {
                prime = p % d != 0;
            }

            if (prime)
            {
                primes.Add(p);
            }
        }

        return [.. primes];
    });

    /// <summary>R's <c>survey:::hadamard(n)</c>: a 0/1 Hadamard matrix with at least n + 1 rows, for n strata.</summary>
    public static int[,] ForStrata(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var m = n - (n % 4);
        for (var k = 0; k < StoredSizes.Length; k++)
        {
            if (m < StoredSizes[k] && m + 4 >= StoredSizes[k])
            {
                return StoredMatrix(k);
            }
        }

        if (StoredSizes.All(s => m < s))
        {
            return StoredMatrix(0);
        }

        var sizes = new long[StoredSizes.Length];
        for (var k = 0; k < sizes.Length; k++)
        {
            var doublings = Math.Max(0, (int)Math.Ceiling(Math.Log2((n + 1.0) / StoredSizes[k])));
            sizes[k] = (long)StoredSizes[k] << doublings;
        }

        var best = 0;
        for (var k = 1; k < sizes.Length; k++)
        {
            if (sizes[k] - n < sizes[best] - n)
            {
                best = k;
            }
        }

        int[,]? h = null;
        if (sizes[best] - n > 4)
        {
            h = Paley(n, sizes[best]);
        }

        if (h is null)
        {
            h = StoredMatrix(best);
            var doublings = (int)Math.Ceiling(Math.Log2((double)sizes[best] / StoredSizes[best]));
            for (var i = 0; i < doublings; i++)
            {
                h = Double(h);
            }
        }

        return h;
    }

    /// <summary>Sylvester Hadamard matrix of the smallest order 2^k ≥ <paramref name="minOrder"/>, entries ±1.</summary>
    public static int[,] Sylvester(int minOrder)
    {
        var size = 1;
        while (size < minOrder)
        {
            size *= 2;
        }

        var h = new int[size, size];
        h[0, 0] = 1;
        for (var s = 1; s < size; s *= 2)
        {
            for (var i = 0; i < s; i++)
            {
                for (var j = 0; j < s; j++)
                {
                    h[i, j + s] = h[i, j];
                    h[i + s, j] = h[i, j];
                    h[i + s, j + s] = -h[i, j];
                }
            }
        }

        return h;
    }

    // survey:::paley(n, nmax) without a given prime.
    private static int[,]? Paley(int n, long nmax)
    {
        var nceil = n + 4 - (n % 4);
        var nn = nceil;
        var primes = SmallPrimes.Value;
        if ((n % 4) + 4 == n % 8)
        {
            while (nn % 8 == 0)
            {
                nn /= 2;
            }

            if (Array.IndexOf(primes, nn - 1) >= 0)
            {
                var h = PaleyOfPrime(nn - 1);
                while (nn < nceil)
                {
                    h = Double(h);
                    nn *= 2;
                }

                return h;
            }
        }

        if (n > primes[^1])
        {
            return null;
        }

        var p = primes.First(q => q >= n);
        if (p + 1 > nceil + 4 && nceil + 4 < nmax)
        {
            return Paley(nceil + 3, 2L * (nceil + 3));
        }

        return p > nmax ? null : PaleyOfPrime(p);
    }

    // Paley's construction of order p + 1: border of ones around m_ij = 0 when (i + j) mod p is a quadratic residue (or 0).
    private static int[,] PaleyOfPrime(int p)
    {
        var residue = new bool[p];
        residue[0] = true;
        residue[1 % p] = true;
        for (var i = 2; i <= (p - 1) / 2; i++)
        {
            residue[i * i % p] = true;
        }

        var h = new int[p + 1, p + 1];
        for (var i = 0; i <= p; i++)
        {
            h[0, i] = 1;
            h[i, 0] = 1;
        }

        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < p; j++)
            {
                h[i + 1, j + 1] = residue[(i + j) % p] ? 0 : 1;
            }
        }

        return h;
    }

    private static int[,] Double(int[,] h)
    {
        var n = h.GetLength(0);
        var d = new int[2 * n, 2 * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                d[i, j] = h[i, j];
                d[i, j + n] = h[i, j];
                d[i + n, j] = h[i, j];
                d[i + n, j + n] = 1 - h[i, j];
            }
        }

        return d;
    }

    private static int[,] StoredMatrix(int k)
    {
        var rows = Stored[k].Split(' ');
        var h = new int[rows.Length, rows[0].Length];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < rows[i].Length; j++)
            {
                h[i, j] = rows[i][j] - '0';
            }
        }

        return h;
    }
}
