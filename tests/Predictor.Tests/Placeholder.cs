namespace EdgeLstm.Predictor.Tests;
