using System.Device.Gpio;

namespace EdgeLstm.Sensors.Tests.Devices.Simulation;

/// <summary>
/// Drives two simulated pins through the Gray-code cycle of a turning quadrature encoder, one
/// edge a step, optionally with contact bounce on the changing channel.
/// </summary>
internal sealed class QuadratureSignal(SimulatedGpioDriver driver, int pinA, int pinB)
{
    // AB states in forward order (A leads B): 00, 10, 11, 01.
    private static readonly (bool A, bool B)[] s_cycle = [(false, false), (true, false), (true, true), (false, true)];
    private int _phase;

    /// <summary>Moves <paramref name="steps"/> edges; negative goes backwards.</summary>
    public void Move(int steps, int bounces = 0)
    {
        int direction = Math.Sign(steps);
        for (int i = 0; i < Math.Abs(steps); i++)
        {
            (bool oldA, bool oldB) = s_cycle[_phase];
            _phase = (_phase + direction + 4) % 4;
            (bool a, bool b) = s_cycle[_phase];
            int pin = a != oldA ? pinA : pinB;
            bool level = a != oldA ? a : b;
            for (int bounce = 0; bounce < bounces; bounce++)
            {
                driver.SetPin(pin, level ? PinValue.High : PinValue.Low);
                driver.SetPin(pin, level ? PinValue.Low : PinValue.High);
            }

            driver.SetPin(pin, level ? PinValue.High : PinValue.Low);
        }
    }

    /// <summary>Skips one state: both channels change at once (a step too fast to see).</summary>
    public void JumpTwoStates()
    {
        _phase = (_phase + 2) % 4;
        (bool a, bool b) = s_cycle[_phase];
        driver.SetPinsTogether(pinA, a ? PinValue.High : PinValue.Low, pinB, b ? PinValue.High : PinValue.Low);
    }
}
