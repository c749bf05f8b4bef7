import { useState } from 'react';
import { Button } from '../../components/button.js';
import { FormMessage, TextField } from '../../components/field.js';
import { useApiForm, type ErrorPlacement } from '../../lib/use-api-form.js';
import { dataFileProblem } from './wbr-format.js';

interface CsvUploadFormProps {
  /** The form's accessible name ("Upload data"). */
  name: string;
  label: string;
  hint: string;
  /** The file input's name: where the server's refusals of the file are shown. */
  fieldName: string;
  placeError: ErrorPlacement;
  /** Sends the file as it is (not as JSON); answers the note to show once the server took it. */
  upload(file: File): Promise<string>;
}

/**
 * A CSV sent as the request body itself, as the deck's data and its annotations are: the server reads it as a file
 * and names the line of a bad row, which is shown at the file input. An empty file is refused before it is sent.
 */
export function CsvUploadForm({ name, label, hint, fieldName, placeError, upload }: CsvUploadFormProps) {
  const [file, setFile] = useState<File | undefined>();
  const [fileProblem, setFileProblem] = useState<string | undefined>();
  const [savedNote, setSavedNote] = useState<string | undefined>();
  const form = useApiForm([fieldName], placeError);
  return (
    <form
      className="form no-print"
      noValidate
      aria-label={name}
      onSubmit={form.handleSubmit(async () => {
        setSavedNote(undefined);
        // Refused here before a large upload, with the same words the server would use.
        const problem = file ? dataFileProblem(file) : 'Choose a CSV file first.';
        setFileProblem(problem);
        if (problem || !file) return;
        setSavedNote(await upload(file));
      })}
    >
      <FormMessage message={form.formError} />
      <div className="form form--inline">
        <TextField
          label={label}
          name={fieldName}
          type="file"
          accept=".csv,text/csv"
          className="input wbr-file-input"
          onChange={(event) => {
            setFile(event.target.files?.[0]);
            setFileProblem(undefined);
            setSavedNote(undefined);
          }}
          error={fileProblem ?? form.errorFor(fieldName)}
          hint={hint}
        />
        <Button type="submit" className="form__inline-submit" isBusy={form.isPending}>
          Upload
        </Button>
      </div>
      <FormMessage tone="success" message={savedNote} />
    </form>
  );
}
