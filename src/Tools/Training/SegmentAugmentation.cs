using EdgeLstm.Predictor.Model;


namespace EdgeLstm.Tools.Training;

/// <summary>
/// A training segment seen as a different but physically consistent run: mirrored left-right and/or
/// driven at a scaled speed and turn rate. A raw feature x becomes c·x, so its normalised value
/// x̂ = (x − m)/σ becomes c·x̂ + (c − 1)·m/σ. Mirroring negates the lateral and yaw quantities (c = −1
/// for w, gx, gz, ay; the residual's y and yaw); a speed factor a scales v, ax, ay (a·v·r is the new
/// centripetal acceleration) and the residual's x and y (the prior's path is linear in v; yaw is
/// unchanged). A turn-rate factor b scales w, gx, gz and ay (v·ω) and the residual's y and yaw: exact
/// for the yaw, and to first order in the heading change for y (the lateral offset of a gently curving
/// path is v·∫ψ dt, linear in the turn rate; the along-track x changes only at second order and is kept).
/// </summary>
internal sealed class SegmentAugmentation
{
    private readonly ModelConfig _config;
    private readonly float[] _alpha;
    private readonly float[] _beta;
    private float _x = 1, _y = 1, _yaw = 1;
    private bool _identity = true;

    public SegmentAugmentation(ModelConfig config)
    {
        _config = config;
        _alpha = new float[config.InputSize];
        _beta = new float[config.InputSize];
    }

    public void Draw(Random random, bool mirror, double speedAugment, double turnAugment = 0)
    {
        var flip = mirror && random.Next(2) == 1;
        var a = speedAugment > 0 ? 1 + (speedAugment * ((2 * random.NextDouble()) - 1)) : 1.0;
        var b = turnAugment > 0 ? 1 + (turnAugment * ((2 * random.NextDouble()) - 1)) : 1.0;
        _identity = !flip && a == 1.0 && b == 1.0;
        var turn = flip ? -b : b; // the factor on every turn-rate quantity, its sign the mirror
        for (var i = 0; i < _alpha.Length; i++)
        {
            var f = _config.Features[i];
            var c = f.Name switch
            {
                "v" or "ax" => a,
                "ay" => turn * a,
                "w" or "gx" or "gz" => turn,
                _ => 1.0,
            };
            _alpha[i] = (float)c;
            _beta[i] = (float)((c - 1) * f.Mean / f.Std);
        }

        _x = (float)a;
        _y = (float)(turn * a);
        _yaw = (float)turn;
    }

    // x̂' = α ⊙ x̂ + β, frame by frame
    public void Inputs(Span<float> inputs)
    {
        if (_identity)
        {
            return;
        }

        var n = _alpha.Length;
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (_alpha[i % n] * inputs[i]) + _beta[i % n];
        }
    }

    // (x, y, ψ) residual of every pose ← (a·x, ±a·y, ±ψ)
    public void Residuals(Span<float> residuals)
    {
        if (_identity)
        {
            return;
        }

        for (var j = 0; j < residuals.Length; j++)
        {
            residuals[j] *= (j % 3) switch
            {
                0 => _x,
                1 => _y,
                _ => _yaw,
            };
        }
    }
}
